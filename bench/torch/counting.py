"""Parameter counts as tf.js's countParams gives them (the counterpart of a Keras summary)."""


def params_like_tfjs(model):
    """Parameters plus the BatchNorm running mean and variance: buffers in torch, non-trainable
    weights in tf.js and Keras (num_batches_tracked has no Keras counterpart)."""
    return sum(t.numel() for t in model.parameters()) + sum(
        b.numel() for name, b in model.named_buffers() if not name.endswith("num_batches_tracked")
    )
