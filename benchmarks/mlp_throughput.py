"""Training throughput of lesson 04's reference NumPy MLP next to the same network in PyTorch.

    python benchmarks/mlp_throughput.py          (or: make bench)

Both train the 64-128-10 sigmoid/softmax network of lesson 04 on the digits with mini-batch
SGD (batch 64, learning rate 0.5), in float32 and in float64, on one thread, in this one run;
each figure is the best of three runs of 10 epochs.
The script also measures this machine's matrix-multiply peak with a large matmul and reports
the share of it that each trainer reaches. A step does five matrix products: two forward,
two weight gradients and the error term passed back to the hidden layer, 4·64·128 + 6·128·10
= 40,448 flops per example (the element-wise work is left out). Finally it times the
lesson's recipe to its test accuracy in float64.

This is a benchmark, not a test: it asserts nothing, and its figures depend on the machine.
"""

from __future__ import annotations

import os

# One thread for both libraries: the comparison is about per-call overhead, not threading.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

from autograder.reference import mlp as ref  # noqa: E402

BATCH, HIDDEN, LR, EPOCHS = 64, 128, 0.5, 10
REPEATS = 3  # the best of three runs: the machine may be busy with other work


def matmul_peak(dtype: type, n: int = 1024, repeats: int = 5) -> float:
    """GFLOP/s of the best of ``repeats`` products of two n×n matrices."""
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(n, n)).astype(dtype), rng.normal(size=(n, n)).astype(dtype)
    A @ B  # warm up
    best = min(_timed(lambda: A @ B) for _ in range(repeats))
    return 2 * n**3 / best / 1e9


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def numpy_training(data: dict, dtype: type) -> tuple[float, int]:
    """Seconds and examples for EPOCHS epochs of the reference ``train``."""
    X = data["X_train"].astype(dtype)
    Y = ref.one_hot(data["y_train"], 10).astype(dtype)
    params = {
        key: value.astype(dtype)
        for key, value in ref.init_params(64, HIDDEN, 10, np.random.default_rng(1)).items()
    }
    ref.train(X, Y, params, dtype(LR), BATCH, 1, np.random.default_rng(2))  # warm up
    seconds = min(
        _timed(lambda: ref.train(X, Y, params, dtype(LR), BATCH, EPOCHS, np.random.default_rng(2)))
        for _ in range(REPEATS)
    )
    return seconds, EPOCHS * len(X)


def torch_training(data: dict, dtype: torch.dtype) -> tuple[float, int]:
    """The same network, loop and batches written the usual PyTorch way."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(64, HIDDEN), torch.nn.Sigmoid(), torch.nn.Linear(HIDDEN, 10)
    ).to(dtype)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    X = torch.from_numpy(data["X_train"]).to(dtype)
    y = torch.from_numpy(data["y_train"]).long()
    m = len(X)

    def run(n_epochs: int) -> None:
        rng = np.random.default_rng(2)
        for _ in range(n_epochs):
            order = torch.from_numpy(rng.permutation(m))
            for start in range(0, m, BATCH):
                batch = order[start : start + BATCH]
                optimizer.zero_grad()
                loss = loss_fn(model(X[batch]), y[batch])
                loss.backward()
                optimizer.step()

    run(1)  # warm up
    return min(_timed(lambda: run(EPOCHS)) for _ in range(REPEATS)), EPOCHS * m


def seconds_to_96_percent(data: dict) -> tuple[float, float]:
    """Training time and test accuracy of the lesson's recipe (30 epochs, float64)."""
    Y = ref.one_hot(data["y_train"], 10)
    params = ref.init_params(64, HIDDEN, 10, np.random.default_rng(1))
    started = time.perf_counter()
    params, _ = ref.train(data["X_train"], Y, params, LR, BATCH, 30, np.random.default_rng(2))
    seconds = time.perf_counter() - started
    return seconds, ref.accuracy(ref.logits_of(data["X_test"], params), data["y_test"])


def main() -> None:
    torch.set_num_threads(1)
    data = ref.load_digits_split(0)
    m = len(data["X_train"])
    steps_per_epoch = -(-m // BATCH)
    flops_per_epoch = m * (4 * 64 * HIDDEN + 6 * HIDDEN * 10)
    print(f"NumPy {np.__version__}, PyTorch {torch.__version__}, one thread each")
    print(
        f"network 64-{HIDDEN}-10, batch {BATCH}, {m} training images, {steps_per_epoch} steps/epoch"
    )
    print()
    print(
        f"{'':9}{'peak GFLOP/s':>13}{'NumPy samples/s':>17}{'torch samples/s':>17}"
        f"{'NumPy/torch':>13}{'NumPy % peak':>14}{'torch % peak':>14}"
    )
    for name, np_dtype, torch_dtype in (
        ("float32", np.float32, torch.float32),
        ("float64", np.float64, torch.float64),
    ):
        peak = matmul_peak(np_dtype)
        np_seconds, np_samples = numpy_training(data, np_dtype)
        th_seconds, th_samples = torch_training(data, torch_dtype)
        np_rate, th_rate = np_samples / np_seconds, th_samples / th_seconds
        np_gflops = flops_per_epoch * EPOCHS / np_seconds / 1e9
        th_gflops = flops_per_epoch * EPOCHS / th_seconds / 1e9
        print(
            f"{name:9}{peak:13.1f}{np_rate:17,.0f}{th_rate:17,.0f}{np_rate / th_rate:12.2f}×"
            f"{100 * np_gflops / peak:13.1f}%{100 * th_gflops / peak:13.1f}%"
        )
    print()
    seconds, test_accuracy = seconds_to_96_percent(data)
    print(
        f"reference recipe (30 epochs, float64): {seconds:.2f} s, test accuracy {test_accuracy:.1%}"
    )


if __name__ == "__main__":
    main()
