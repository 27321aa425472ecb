package io.sextant.bench;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the numbers were measured on, recorded with every result: a VM of the same size can run on
 * hosts of quite different speed.
 *
 * @param cpu the first processor's model with family, model, stepping and clock ({@link Results#cpuModel})
 * @param memoryBytes the machine's memory; null (and not written) where the JVM cannot tell
 */
public record Machine(int cores, String cpu, String os, String java, @JsonInclude(JsonInclude.Include.NON_NULL) Long memoryBytes) {}
