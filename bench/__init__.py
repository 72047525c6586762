"""Benchmarks (`make bench`): our app against naive and floor reference apps, and snapshot export."""
