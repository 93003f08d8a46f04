/**
 * The {@code robustunit} command line: {@link io.robustunit.cli.RobustUnitCli} dispatches to
 * {@link io.robustunit.cli.Command}s registered by name in a {@link io.robustunit.cli.CommandRegistry};
 * {@link io.robustunit.cli.Options} parses their arguments with errors that name the option and
 * its valid values.
 */
package io.robustunit.cli;
