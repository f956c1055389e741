"""The Qt GUI. It calls core services and repaints what their Changes touch."""
