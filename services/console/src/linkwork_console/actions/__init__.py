"""What people do in the console: sign in and out, and each change they make, sent to the
service that owns it with their own token."""
