// The MLP 784-128-10 training loop of bench/run-training, written as a notebook user writes it.
// bench/kernel_overhead.py runs this text as a notebook cell and as the body of a plain Java
// program; THREADS, STEPS and REPS are replaced before either runs.
setNumThreads(THREADS);
manualSeed(0);
var model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
var optimizer = new SGD(model.parameters(), 0.01, 0.9);
var criterion = new CrossEntropyLoss();
var x = randn(64, 784);
var y = randint(0, 10, 64);
var threadClock = java.lang.management.ManagementFactory.getThreadMXBean();
var seconds = new double[REPS + 1];
var cpuSeconds = new double[REPS + 1];
for (int rep = 0; rep <= REPS; rep++) {     // rep 0 is the warm-up
    long start = System.nanoTime();
    long cpuStart = threadClock.getCurrentThreadCpuTime();
    for (int step = 0; step < STEPS; step++) {
        optimizer.zeroGrad();
        var loss = criterion.forward(model.forward(x), y);
        loss.backward();
        optimizer.step();
    }
    seconds[rep] = (System.nanoTime() - start) / 1e9;
    cpuSeconds[rep] = (threadClock.getCurrentThreadCpuTime() - cpuStart) / 1e9;
}
var wall = Arrays.copyOfRange(seconds, 1, REPS + 1);
var cpu = Arrays.copyOfRange(cpuSeconds, 1, REPS + 1);
Arrays.sort(wall);
Arrays.sort(cpu);
System.out.println("{\"samples_per_second\": " + 64 * STEPS / wall[REPS / 2]
        + ", \"samples_per_cpu_second\": " + 64 * STEPS / cpu[REPS / 2] + "}");
