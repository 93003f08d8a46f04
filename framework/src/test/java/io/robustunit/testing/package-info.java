/** Helpers shared by the framework's tests. */
package io.robustunit.testing;
