"""What each page shows, gathered from the services' APIs with the person's own token."""
