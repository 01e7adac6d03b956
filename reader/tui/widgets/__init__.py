"""The app's widgets, small and flat: each owns its bindings and the workers it needs."""
