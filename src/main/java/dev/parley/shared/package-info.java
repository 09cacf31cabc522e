/** Ids and the tenant context type; depends on nothing. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.parley.shared;
