package dev.parley.tenancy;

/** What a new customer types on the sign-up page. */
public record SignUpRequest(String displayName, String email, String password, String workspaceName) {}
