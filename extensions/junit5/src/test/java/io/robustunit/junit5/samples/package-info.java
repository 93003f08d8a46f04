/**
 * Test classes as a user writes them, run only through EngineTestKit by the tests one package up
 * (Surefire excludes this package), so that their outcomes (failures, messages, lifecycles) can be
 * asserted.
 */
package io.robustunit.junit5.samples;
