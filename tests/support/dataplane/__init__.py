"""Real tunnels in network namespaces: the data-plane harness (../shared/DATAPLANE.md has the facts it relies on)."""
