package io.robustunit.trades;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@link OptimizerConfig} updates in place and owns the optimiser state: per parameter one
 * momentum buffer (SGD) or two moment buffers (Adam), plus the update count. Parameters must be
 * frozen (no gradient recording) while they are updated.
 */
final class ParameterUpdater implements AutoCloseable {

    private final OptimizerConfig config;
    private final NDManager stateManager;
    private final int buffersPerParameter;
    private final List<NDArray> buffers;
    private long step;

    ParameterUpdater(OptimizerConfig config, List<NDArray> parameters, NDManager parent) {
        this.config = config;
        this.stateManager = parent.newSubManager();
        this.buffersPerParameter = config.kind() == OptimizerConfig.Kind.ADAM ? 2 : 1;
        this.buffers = new ArrayList<>();
        for (NDArray p : parameters) {
            for (int k = 0; k < buffersPerParameter; k++) {
                buffers.add(stateManager.zeros(p.getShape(), p.getDataType()));
            }
        }
    }

    /** Number of updates applied so far. */
    long step() {
        return step;
    }

    /**
     * Updates every parameter from its gradient. Temporaries live in {@code scope}.
     *
     * @param gradients one per parameter, same order
     */
    void apply(List<NDArray> parameters, List<NDArray> gradients, double learningRate, NDManager scope) {
        step++;
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray g = gradients.get(i);
            p.tempAttach(scope);
            NDArray firstMoment = buffers.get(i * buffersPerParameter);
            firstMoment.tempAttach(scope);
            if (config.weightDecay() != 0) {
                g = g.add(p.mul((float) config.weightDecay()));
            }
            if (config.kind() == OptimizerConfig.Kind.SGD) {
                sgd(p, g, firstMoment, learningRate);
            } else {
                NDArray secondMoment = buffers.get(i * buffersPerParameter + 1);
                secondMoment.tempAttach(scope);
                adam(p, g, firstMoment, secondMoment, learningRate);
            }
        }
    }

    private void sgd(NDArray p, NDArray g, NDArray buffer, double lr) {
        if (config.momentum() == 0) {
            p.subi(g.mul((float) lr));
            return;
        }
        buffer.muli((float) config.momentum()).addi(g);
        p.subi(buffer.mul((float) lr));
    }

    private void adam(NDArray p, NDArray g, NDArray m, NDArray v, double lr) {
        double b1 = config.beta1();
        double b2 = config.beta2();
        m.muli((float) b1).addi(g.mul((float) (1 - b1)));
        v.muli((float) b2).addi(g.square().muli((float) (1 - b2)));
        double correction1 = 1 - Math.pow(b1, step);
        double correction2 = 1 - Math.pow(b2, step);
        NDArray denominator = v.div((float) correction2).sqrt().addi((float) config.adamEpsilon());
        p.subi(m.div(denominator).muli((float) (lr / correction1)));
    }

    /** The state as one list, attached to {@code manager}: the update count, then the buffers. */
    NDList state(NDManager manager) {
        NDList list = new NDList();
        list.add(manager.create(new long[] {step}));
        for (NDArray buffer : buffers) {
            NDArray copy = buffer.duplicate();
            copy.attach(manager);
            list.add(copy);
        }
        return list;
    }

    /**
     * Restores a {@link #state}.
     *
     * @param source names the state's origin in error messages
     */
    void restore(NDList state, String source) {
        if (state.size() != 1 + buffers.size()) {
            throw new IllegalArgumentException(
                    source + " holds " + (state.size() - 1) + " optimizer buffers but " + config
                            + " needs " + buffers.size() + " for this model; the checkpoint belongs to"
                            + " another model or optimizer");
        }
        for (int i = 0; i < buffers.size(); i++) {
            if (!state.get(i + 1).getShape().equals(buffers.get(i).getShape())) {
                throw new IllegalArgumentException(source + ": optimizer buffer " + i + " has shape "
                        + state.get(i + 1).getShape()
                        + " where this model needs " + buffers.get(i).getShape()
                        + "; the checkpoint belongs to another model");
            }
        }
        step = state.get(0).getLong(0);
        for (int i = 0; i < buffers.size(); i++) {
            NDArray copy = state.get(i + 1).duplicate();
            copy.attach(stateManager);
            buffers.set(i, copy).close();
        }
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
