"""Layer 6: the region adjacency graphs (of pattern cells or of maximal linear regions) and their
GraphML, GEXF and JSON exports."""

from polyexact.export.linear_regions import linear_region_graph
from polyexact.export.region_graph import (
    GRAPH_FORMATS,
    GRAPH_LEVELS,
    region_graph,
    region_graph_to_data,
    write_region_graph,
)

__all__ = [
    "GRAPH_FORMATS",
    "GRAPH_LEVELS",
    "linear_region_graph",
    "region_graph",
    "region_graph_to_data",
    "write_region_graph",
]
