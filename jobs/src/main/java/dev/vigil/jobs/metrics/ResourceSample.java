package dev.vigil.jobs.metrics;

import dev.vigil.model.MetricSample;

/**
 * A metric sample that is the free amount or the limit of a resource.
 *
 * @param resource the resource's name (filesystem, inodes, memory, swap)
 * @param key      resource, host and instance label: the forecast's key
 * @param limit    whether the sample is the limit (else the free amount)
 * @param sample   the sample
 */
public record ResourceSample(String resource, String key, boolean limit, MetricSample sample) {}
