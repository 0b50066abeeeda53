package org.mlpengine.core.data;

/** A data set split three ways. */
public record Split(Dataset train, Dataset valid, Dataset test) {
}
