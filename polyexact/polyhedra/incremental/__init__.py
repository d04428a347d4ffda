"""The enumerator's incremental kernels: integer polygons, double description, facet overlap.

They are fast because they update a polyhedron cut by cut; the verifier never uses them (it
checks with the cddlib-backed primitives of :mod:`polyexact.polyhedra`).
"""
