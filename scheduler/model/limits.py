"""Resource limits every CP-SAT solve of the project keeps."""

MAX_MEMORY_MB = 4096
"""CP-SAT's memory limit (``max_memory_in_mb``): a run must stay below 4 GB, whatever the
instance (the explanation of an infeasible instance included)."""
