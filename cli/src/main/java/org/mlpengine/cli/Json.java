package org.mlpengine.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The Gson instances of the command line: one line per object for scripts, indented for files. */
final class Json {
    static final Gson COMPACT = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();
    static final Gson PRETTY = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
            .setPrettyPrinting().create();

    private Json() {
    }
}
