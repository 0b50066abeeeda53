/**
 * Examples of the Java API ({@code org.mlpengine.core.api}), one {@code main} class each. They print what they do
 * and end with a non-zero exit and one line on stderr when the input is bad.
 */
package org.mlpengine.examples;
