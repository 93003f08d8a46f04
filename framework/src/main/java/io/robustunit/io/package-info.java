/** File helpers shared by every component that writes results: atomic writes, content digests. */
package io.robustunit.io;
