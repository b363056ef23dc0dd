#!/usr/bin/env python3
"""Writes a synthetic Alibaba Cloud catalogue in OpenMeta form (api-docs.json per product).

Shapes and proportions follow ../shared/formats/alibaba-openmeta.md: RPC products whose APIs
take query and form parameters (some with repeatList, flat and json styles), enums with labels,
responses with nested objects, itemNode list wrappers and page-number or token paging, and
error codes grouped by HTTP status (about half the APIs have them; templates such as
`ACS.InvalidParameter.%s` among them). The output is deterministic for a given seed.

Usage:
    synth-openmeta.py OUT_DIR [--products 270] [--apis 20000] [--ecs] [--ecs-openapi FILE]

`--ecs` writes one more product, `EcsLike`, sized like Alibaba's ecs (358 APIs with 6,704
error rows in all), for the side-by-side comparison; `--ecs-openapi FILE` also writes the same
product as an OpenAPI 3.0 document (one `POST /{Action}` path per API, its parameters in the
query, its error codes as the error responses' examples), for generators that read OpenAPI.
"""

import argparse
import json
import os
import random

WORDS = ["Instance", "Disk", "Snapshot", "Image", "Network", "Vpc", "Zone", "Region", "Tag",
         "Policy", "Rule", "Group", "Task", "Job", "Cluster", "Node", "Bucket", "Key", "Certificate",
         "Domain", "Record", "Alarm", "Metric", "Account", "Role", "User", "Order", "Quota",
         "Template", "Backup", "Endpoint", "Listener", "Route", "Gateway", "Session", "Device"]
VERBS = ["Describe", "Create", "Delete", "Modify", "List", "Start", "Stop", "Attach", "Detach",
         "Query", "Update", "Get", "Enable", "Disable", "Reset"]
ERRORS = ["InvalidParameter", "MissingParameter", "Forbidden", "NotFound", "QuotaExceeded",
          "IncorrectStatus", "OperationDenied", "Throttling", "InternalError", "InvalidStatus",
          "DependencyViolation", "ServiceUnavailable", "InvalidInstanceId", "InvalidZoneId"]


def scalar(rng, name):
    kind = rng.choice(["string", "string", "string", "integer", "boolean", "number"])
    schema = {"type": kind, "description": f"{name} 的说明。"}
    if kind == "integer":
        schema["format"] = rng.choice(["int32", "int64"])
        schema["example"] = str(rng.randint(1, 100))
    elif kind == "string":
        schema["example"] = f"{name.lower()}-example"
        if rng.random() < 0.15:
            values = [f"{name}{i}" for i in range(rng.randint(2, 6))]
            schema["enum"] = values
            schema["enumValueTitles"] = {v: f"{v} 标签" for v in values}
        elif rng.random() < 0.2:
            schema["maxLength"] = rng.choice([32, 64, 128, 256])
    return schema


def obj(rng, depth, prefix):
    props = {}
    for i in range(rng.randint(3, 10)):
        name = f"{rng.choice(WORDS)}{rng.choice(['Id', 'Name', 'Status', 'Type', 'Count', 'Time', ''])}{i}"
        if depth < 2 and rng.random() < 0.15:
            props[name] = obj(rng, depth + 1, prefix + name)
        elif depth < 2 and rng.random() < 0.1:
            item = obj(rng, depth + 1, prefix + name)
            props[name + "s"] = {"type": "object", "itemNode": True,
                                 "properties": {name: {"type": "array", "items": item}}}
        else:
            props[name] = scalar(rng, name)
    return {"type": "object", "properties": props, "description": f"{prefix} 对象。"}


def parameters(rng, paged):
    params = []
    used = set()
    for i in range(rng.randint(3, 12)):
        name = f"{rng.choice(WORDS)}{rng.choice(['Id', 'Name', 'Type', 'Description', ''])}"
        if name in used:
            continue
        used.add(name)
        schema = scalar(rng, name)
        schema["required"] = rng.random() < 0.3
        param = {"name": name, "in": rng.choice(["query", "query", "formData"]), "schema": schema}
        roll = rng.random()
        if roll < 0.08:
            param["style"] = "repeatList"
            param["schema"] = {"type": "array", "required": False, "items": {"type": "string"}}
        elif roll < 0.11:
            param["style"] = "flat"
            param["schema"] = {"type": "object", "required": False,
                               "properties": {"Category": {"type": "string"}, "Size": {"type": "integer", "format": "int32"}}}
        elif roll < 0.14:
            param["style"] = "json"
            param["schema"] = {"type": "object", "required": False,
                               "properties": {"Strategy": {"type": "string"}}}
        params.append(param)
    if paged == "number":
        params += [{"name": "PageNumber", "in": "query", "schema": {"type": "integer", "format": "int32", "required": False}},
                   {"name": "PageSize", "in": "query", "schema": {"type": "integer", "format": "int32", "required": False}}]
    elif paged == "token":
        params += [{"name": "NextToken", "in": "query", "schema": {"type": "string", "required": False}},
                   {"name": "MaxResults", "in": "query", "schema": {"type": "integer", "format": "int32", "required": False}}]
    return params


def response(rng, paged, resource):
    props = {"RequestId": {"type": "string", "description": "请求 ID。", "example": "969434DF-926B-4997-9881-4DE94E39F805"}}
    body = obj(rng, 0, resource)["properties"]
    props.update(body)
    if paged:
        item = obj(rng, 1, resource)
        props[resource + "s"] = {"type": "object", "itemNode": True,
                                 "properties": {resource: {"type": "array", "items": item}}}
        if paged == "number":
            for name in ["TotalCount", "PageNumber", "PageSize"]:
                props[name] = {"type": "integer", "format": "int32"}
        else:
            props["NextToken"] = {"type": "string"}
    return {"200": {"schema": {"type": "object", "properties": props}}}


def error_codes(rng, rows):
    groups = {}
    for i in range(rows):
        status = rng.choice(["400", "400", "403", "404", "500"])
        base = rng.choice(ERRORS)
        code = f"{base}.{rng.choice(WORDS)}{i}" if rng.random() < 0.9 else f"ACS.{base}.%s"
        message = f"The specified {rng.choice(WORDS).lower()} is invalid: %s." if rng.random() < 0.3 else f"{base} occurred."
        groups.setdefault(status, []).append({"errorCode": code, "errorMessage": message})
    return groups


def product(rng, code, apis, error_rows):
    doc = {"version": "1.0", "info": {"style": "RPC", "product": code, "version": "2024-01-01"},
           "directories": [], "components": {"schemas": {}},
           "endpoints": [{"regionId": "cn-hangzhou", "endpoint": f"{code.lower()}.cn-hangzhou.aliyuncs.com"}],
           "apis": {}}
    names = set()
    for i in range(apis):
        resource = rng.choice(WORDS)
        name = f"{rng.choice(VERBS)}{resource}{i}"
        if name in names:
            continue
        names.add(name)
        paged = rng.choice([None, None, None, "number", "token"]) if name.startswith(("Describe", "List")) else None
        api = {"title": f"{name} 标题", "summary": f"{name} 的摘要。", "methods": ["post", "get"],
               "schemes": ["https"], "security": [{"AK": []}],
               "operationType": "read" if name.startswith(("Describe", "List", "Get", "Query")) else "write",
               "deprecated": False, "parameters": parameters(rng, paged),
               "responses": response(rng, paged, resource)}
        rows = error_rows(rng)
        if rows:
            api["errorCodes"] = error_codes(rng, rows)
        doc["apis"][name] = api
    return doc


def openapi_schema(schema):
    """An OpenMeta schema as OpenAPI: `required` lifted to the parent, `itemNode` dropped."""
    out = {k: v for k, v in schema.items() if k not in ("required", "itemNode", "enumValueTitles", "example")}
    if "properties" in schema:
        out["properties"] = {k: openapi_schema(v) for k, v in schema["properties"].items()}
        required = [k for k, v in schema["properties"].items() if v.get("required")]
        if required:
            out["required"] = required
    if "items" in schema:
        out["items"] = openapi_schema(schema["items"])
    return out


def to_openapi(doc):
    paths = {}
    for name, api in doc["apis"].items():
        params = [{"name": p["name"], "in": "query", "required": bool(p["schema"].get("required")),
                   "schema": openapi_schema(p["schema"])} for p in api["parameters"]
                  if p["schema"].get("type") not in ("object", "array")]
        bodies = {p["name"]: openapi_schema(p["schema"]) for p in api["parameters"]
                  if p["schema"].get("type") in ("object", "array")}
        operation = {"operationId": name, "summary": api["summary"], "parameters": params,
                     "responses": {"200": {"description": "OK", "content": {"application/json": {
                         "schema": openapi_schema(api["responses"]["200"]["schema"])}}}}}
        if bodies:
            operation["requestBody"] = {"content": {"application/json": {"schema": {"type": "object", "properties": bodies}}}}
        for status, rows in api.get("errorCodes", {}).items():
            operation["responses"][status] = {"description": "; ".join(r["errorCode"] for r in rows),
                "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "Code": {"type": "string"}, "Message": {"type": "string"}, "RequestId": {"type": "string"}}},
                    "examples": {r["errorCode"]: {"value": {"Code": r["errorCode"], "Message": r["errorMessage"]}} for r in rows}}}}
        paths[f"/{name}"] = {"post": operation}
    return {"openapi": "3.0.3", "info": {"title": doc["info"]["product"], "version": doc["info"]["version"]},
            "servers": [{"url": "https://" + doc["endpoints"][0]["endpoint"]}], "paths": paths}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--products", type=int, default=270)
    parser.add_argument("--apis", type=int, default=20000)
    parser.add_argument("--ecs", action="store_true")
    parser.add_argument("--ecs-openapi")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    per_product = max(1, args.apis // max(1, args.products))
    # About half the APIs have error codes, a handful each (12,455 of 24,485).
    common = lambda r: r.randint(1, 12) if r.random() < 0.5 else 0
    for p in range(args.products):
        code = f"Prod{p:03d}{rng.choice(WORDS)}"
        doc = product(rng, code, per_product, common)
        with open(os.path.join(args.out, f"{code}.api-docs.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
    if args.ecs:
        # 358 APIs with 6,704 error rows: 18 each, 19 for the first 260.
        counts = iter([19] * 260 + [18] * 98)
        ecs = product(rng, "EcsLike", 358, lambda r: next(counts))
        with open(os.path.join(args.out, "EcsLike.api-docs.json"), "w", encoding="utf-8") as f:
            json.dump(ecs, f, ensure_ascii=False)
        if args.ecs_openapi:
            with open(args.ecs_openapi, "w", encoding="utf-8") as f:
                json.dump(to_openapi(ecs), f, ensure_ascii=False)


if __name__ == "__main__":
    main()
