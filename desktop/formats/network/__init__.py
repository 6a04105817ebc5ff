"""Actor network: GraphML, edge and node lists (writer)."""
