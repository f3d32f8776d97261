/**
 * Neural-network building blocks, as in {@code torch.nn}: {@code Module}, layers, containers and losses.
 */
package dev.jtorch.nn;
