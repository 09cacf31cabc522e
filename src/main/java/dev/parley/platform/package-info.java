/**
 * Infrastructure: the embedded PostgreSQL launcher, the data sources (owner for migrations, the
 * restricted app role at run time), per-transaction tenant binding and web security.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package dev.parley.platform;
