package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The examples of the README and the Javadoc, run and checked against closed forms. */
class ReadmeExamplesTest {

    @Test
    void objectFaceTrainsASoftmaxRegressionStep() {
        Rng rng = new Rng(7);
        Variable x = Variable.constant(rng.normal(DType.FLOAT32, 0, 1, 8, 5));
        Tensor labels = rng.randint(0, 3, 8, 1);
        Variable w = Variable.parameter("w", rng.normal(DType.FLOAT32, 0, 0.1, 5, 3));
        Variable b = Variable.parameter("b", Tensor.zeros(3));
        Variable loss = x.matmul(w).add(b).logSoftmax(1).gather(1, labels).neg().mean();
        loss.backward();
        // closed form: dL/dlogits = (softmax − onehot)/N
        Tensor p = x.value().matmul(w.value()).add(b.value()).softmax(1);
        Tensor d = p.sub(labels.reshape(8).oneHot(3, DType.FLOAT32)).div(8);
        assertArrayEquals(x.value().mT().matmul(d).toFloatArray(), w.grad().toFloatArray(), 1e-6f);
        assertArrayEquals(d.sum(0).toFloatArray(), b.grad().toFloatArray(), 1e-6f);
        double before = loss.item();
        try (NoGrad scope = NoGrad.enter()) {
            w.value().axpyInPlace(-0.5, w.grad());
            b.value().axpyInPlace(-0.5, b.grad());
        }
        w.zeroGrad();
        double after = x.matmul(w).add(b).logSoftmax(1).gather(1, labels).neg().mean().item();
        org.junit.jupiter.api.Assertions.assertTrue(after < before, after + " vs " + before);
    }

    @Test
    void functionalFaceMatchesClosedForms() {
        Function<Variable, Variable> f = x -> x.sin().mul(x).sum();
        Tensor x = Tensor.of(new double[] {0.5, 1.0}, 2);
        Tensor v = Tensor.of(new double[] {1, 0}, 2);
        double[] xs = x.toDoubleArray();
        Tensor g = Autodiff.grad(f, x);
        assertArrayEquals(new double[] {Math.sin(.5) + .5 * Math.cos(.5), Math.sin(1) + Math.cos(1)}, g.toDoubleArray(), 1e-12);
        Tensor hv = Autodiff.hvp(f, x, v);       // f'' = 2cos x − x sin x (diagonal)
        assertArrayEquals(new double[] {2 * Math.cos(xs[0]) - xs[0] * Math.sin(xs[0]), 0}, hv.toDoubleArray(), 1e-12);
        Tensor jv = Autodiff.jvp(y -> y.exp(), x, Tensor.of(new double[] {1, 1}, 2))[1];
        assertArrayEquals(new double[] {Math.exp(.5), Math.exp(1)}, jv.toDoubleArray(), 1e-12);
        Tensor h = Autodiff.hessian(f, x);
        assertEquals(hv.get(0), h.get(0, 0), 1e-12);
        Tensor jac = Autodiff.jacobian(y -> y.softmax(0), x);
        Tensor s = x.softmax(0);
        assertEquals(s.get(0) * (1 - s.get(0)), jac.get(0, 0), 1e-12);
        Map<String, Tensor> partials = Autodiff.grad(m -> m.get("x").mul(m.get("y")).sum(),
                Map.of("x", x, "y", Tensor.of(new double[] {2, 3}, 2)));
        assertArrayEquals(new double[] {2, 3}, partials.get("x").toDoubleArray());
        Tensor[] both = Autodiff.grad(vs -> vs[0].mul(vs[1]).sum(), x, Tensor.of(new double[] {2, 3}, 2));
        assertArrayEquals(xs, both[1].toDoubleArray());
        Autodiff.ValueAndGrad<Tensor> vg = Autodiff.valueAndGrad(f, x);
        assertEquals(xs[0] * Math.sin(xs[0]) + xs[1] * Math.sin(xs[1]), vg.value().item(), 1e-12);
    }

    @Test
    void gradCheckerAcceptsCorrectAndRejectsWrongDerivatives() {
        GradCheck.check(xs -> xs[0].tanh().mul(xs[1]).sum(), Tensor.of(new double[] {0.1, 0.2}, 2), Tensor.of(new double[] {3, 4}, 2));
        GradCheck.checkSecondOrder(xs -> xs[0].exp().sum(), Tensor.of(new double[] {0.1, 0.2}, 2));
        // a custom op whose backward is off by a factor of 2 must be caught
        Autodiff.MultiFunction wrong = xs -> CustomVjp.apply("wrongSquare", in -> in[0].square(),
                (g, in, out) -> new Variable[] {g.mul(in[0]).mul(4)}, xs[0]).sum();
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> GradCheck.check(wrong, Tensor.of(new double[] {0.3, -0.7}, 2)));
        // a backward that is right to first order but not differentiable correctly (detached) must fail second order
        Autodiff.MultiFunction detached = xs -> CustomVjp.apply("detachedSquare", in -> in[0].square(),
                (g, in, out) -> new Variable[] {g.mul(in[0].detach()).mul(2)}, xs[0]).sum();
        GradCheck.check(detached, Tensor.of(new double[] {0.3, -0.7}, 2));
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> GradCheck.checkSecondOrder(detached, Tensor.of(new double[] {0.3, -0.7}, 2)));
    }
}
