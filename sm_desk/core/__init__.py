"""The Qt-free core: domain, store and services. Nothing here may import Qt."""
