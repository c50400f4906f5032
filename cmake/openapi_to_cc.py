#!/usr/bin/env python3
"""Converts docs/openapi.yaml into JSON and a C++ file that embeds it.

usage: openapi_to_cc.py IN.yaml OUT.json OUT.cc

The YAML is read strictly: a key repeated in one mapping (two entries for one
path, say) is an error instead of the last one silently winning, and values
YAML would turn into dates or other non-JSON types must be quoted. The C++
file defines garant::server::OpenApiJson() (server/src/http/openapi.h).
"""
import json
import sys

import yaml


class StrictLoader(yaml.SafeLoader):
    pass


def _mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    out = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} repeated", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=deep)
    return out


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: openapi_to_cc.py IN.yaml OUT.json OUT.cc")
    src, out_json, out_cc = argv[1:]
    with open(src, encoding="utf-8") as f:
        try:
            doc = yaml.load(f, Loader=StrictLoader)
        except yaml.YAMLError as e:
            sys.exit(f"{src}: {e}")

    def refuse(value):
        raise TypeError(f"{src}: {value!r} is not JSON: quote it")

    try:
        text = json.dumps(doc, ensure_ascii=True, separators=(",", ":"), default=refuse)
    except TypeError as e:
        sys.exit(str(e))
    with open(out_json, "w", encoding="utf-8") as f:
        f.write(text)
    # A raw string literal; JSON never contains the delimiter's ")openapi\"".
    assert ')openapi"' not in text
    with open(out_cc, "w", encoding="utf-8") as f:
        f.write("// Generated from docs/openapi.yaml by cmake/openapi_to_cc.py. Do not edit.\n")
        f.write('#include "http/openapi.h"\n\n#include <string>\n\nnamespace garant::server {\n\n')
        f.write("std::string_view OpenApiJson() {\n")
        # Split into pieces: compilers limit the length of one literal.
        f.write("  static const std::string kJson = std::string()")
        for i in range(0, len(text), 16000):
            f.write(f'\n      + R"openapi({text[i:i + 16000]})openapi"')
        f.write(";\n  return kJson;\n}\n\n}  // namespace garant::server\n")


if __name__ == "__main__":
    main(sys.argv)
