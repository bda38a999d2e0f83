"""Wire formats camaudit reads: pure parsers (and probe builders) shared by live probes, discovery and passive
analysis, so a reply means the same whichever way it arrived. No I/O here, and nothing from ``scan``."""
