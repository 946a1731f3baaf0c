"""Benchmarks of the solver core: public RCPSP sets against known values, a peer solver
side by side, and synthetic scale runs. Run as ``python -m benchmarks --help``."""
