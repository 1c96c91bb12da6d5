"""The coalition's part of the OSDI API: petitions (statements) and forms (workgroup
sign-ups), one module per resource family; ``register.py`` mounts them."""
