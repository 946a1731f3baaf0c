"""The what-if page in the browser (``scheduler serve``): Dash on a local server, with
the solves in a bounded pool of processes."""
