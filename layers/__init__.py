"""Layer declarations, data contract, loading, derivation and time: no UI code."""
