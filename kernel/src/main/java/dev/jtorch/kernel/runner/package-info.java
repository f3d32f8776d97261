/**
 * The headless notebook runner: {@code java -jar jtorch-kernel.jar run NOTEBOOK... [-o OUT]}
 * runs notebooks through the JTorch kernel without Jupyter and writes their outputs into
 * them. It is how the tutorials are tested, and how someone without Jupyter sees what JTorch
 * does. Entry points: {@link dev.jtorch.kernel.runner.NotebookRunner} (API) and
 * {@link dev.jtorch.kernel.runner.RunCommand} (command line).
 */
package dev.jtorch.kernel.runner;
