"""Jobs for jobfactory-glue's tests."""
