"""The staff console: the web application people do the work in, over the services' APIs."""
