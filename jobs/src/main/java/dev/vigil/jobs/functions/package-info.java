/**
 * Serializers of Vigil's keyed state (detectors, forecasters, miners as compact binary). Their class names
 * are written into every checkpoint and savepoint, so they stay in this package, where version 0.1.0 put
 * them, for savepoints of that version to restore ({@code SavepointUpgradeITCase}); the operators that use
 * them live in their capability's package ({@code metrics}, {@code logs}).
 */
package dev.vigil.jobs.functions;
