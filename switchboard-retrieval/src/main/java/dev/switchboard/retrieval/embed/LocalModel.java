package dev.switchboard.retrieval.embed;

import java.util.Arrays;
import java.util.Optional;

/**
 * The embedding models that ship in Switchboard's jar (from LangChain4j's embedding artifacts on
 * Maven Central: the quantized ONNX file and its tokenizer), run in process with ONNX Runtime.
 */
public enum LocalModel {

    /** BAAI/bge-small-en-v1.5, int8-quantized, 384 dimensions, CLS pooling; the default. */
    BGE_SMALL_EN_V15("local/bge-small-en-v1.5", 384, Pooling.CLS,
            "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json",
            "Represent this sentence for searching relevant passages: "),

    /** sentence-transformers/all-MiniLM-L6-v2, int8-quantized, 384 dimensions, mean pooling; smaller and faster. */
    ALL_MINILM_L6_V2("local/all-minilm-l6-v2", 384, Pooling.MEAN,
            "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", "");

    /** The model retrieval uses when config names none. */
    public static final LocalModel DEFAULT = BGE_SMALL_EN_V15;

    /** How token vectors become one text vector. */
    enum Pooling { CLS, MEAN }

    private final String modelName;
    private final int dimensions;
    private final Pooling pooling;
    private final String onnxResource;
    private final String tokenizerResource;
    private final String queryPrefix;

    LocalModel(String modelName, int dimensions, Pooling pooling, String onnxResource, String tokenizerResource,
               String queryPrefix) {
        this.modelName = modelName;
        this.dimensions = dimensions;
        this.pooling = pooling;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.queryPrefix = queryPrefix;
    }

    /** The name clients use, e.g. {@code local/bge-small-en-v1.5}. */
    public String modelName() {
        return modelName;
    }

    public int dimensions() {
        return dimensions;
    }

    Pooling pooling() {
        return pooling;
    }

    String onnxResource() {
        return onnxResource;
    }

    String tokenizerResource() {
        return tokenizerResource;
    }

    /** Text put before every query (not before passages), as the model's authors recommend. */
    public String queryPrefix() {
        return queryPrefix;
    }

    /** The model of that name ({@code local/...}), if it is one of these. */
    public static Optional<LocalModel> named(String name) {
        return Arrays.stream(values()).filter(m -> m.modelName.equals(name)).findFirst();
    }
}
