"""Layer 6: region adjacency graphs (of cells or of linear regions) as GraphML, GEXF or JSON."""

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
