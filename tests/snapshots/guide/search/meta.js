WaymarkSearch.meta({"buckets":"ABAAAEA","count":19,"docs":[0],"prefixShards":4,"relax":3,"suggest":[],"synonyms":[],"terms":["1"],"v":3,"verify":30});
