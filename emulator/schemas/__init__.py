"""JSON Schemas of request bodies, one per API operation, written from the API reference tables."""
