"""Layer 6: the region adjacency graph and its GraphML, GEXF and JSON exports."""

from polyexact.export.region_graph import (
    GRAPH_FORMATS,
    region_graph,
    region_graph_to_data,
    write_region_graph,
)

__all__ = ["GRAPH_FORMATS", "region_graph", "region_graph_to_data", "write_region_graph"]
