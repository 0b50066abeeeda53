package org.mlpengine.core.model.io;

import java.util.Arrays;

import org.mlpengine.core.model.Mlp;

/** Weights plus the header that says what they are. */
public record SavedModel(Mlp model, ModelInfo info) {
    public SavedModel {
        if (!Arrays.equals(model.sizes(), info.layers())) {
            throw new IllegalArgumentException("header says layers " + Arrays.toString(info.layers())
                    + " but the weights are " + model.shape());
        }
    }
}
