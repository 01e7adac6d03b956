"""The app's modal screens: each takes its data as attributes and answers with a result."""
