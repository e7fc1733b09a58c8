"""Pure rules of the console: who the signed-in person is and where they work, how a page
groups what the services return, what a service's refusal means for a form."""
