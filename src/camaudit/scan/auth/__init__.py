"""Credentials the user supplies, and the login schemes of authenticated checks (digest, WS-Security, Dahua)."""
