"""Mistakes students make in lesson 02, each a slip of the reference (a diff of its lines).

Three orderings are another algorithm than the reference's iterative one (a recursion, a
reversed pre-order) and are written out whole, as a student would write them."""

from __future__ import annotations

from autograder.mistakes import register


def topological_order_recursive(root):
    order, visited = [], set()

    def build(node):
        if node not in visited:
            visited.add(node)
            for child in node._prev:
                build(child)
            order.append(node)

    build(root)
    return order


def topological_order_no_visited_set(root):
    order = []

    def build(node):
        for child in node._prev:
            build(child)
        order.append(node)

    build(root)
    return order


def topological_order_reversed_preorder(root):
    order, visited, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if node not in visited:
            visited.add(node)
            order.append(node)
            stack.extend(node._prev)
    return order[::-1]


register(
    "topological_order",
    recursive=topological_order_recursive,
    no_visited_set=topological_order_no_visited_set,
    reversed_preorder=topological_order_reversed_preorder,
    root_first="""
        - return order
        + return order[::-1]
    """,
)


register(
    "value",
    no_accumulation="""
        - self.grad += out.grad
        + self.grad = out.grad
        - other.grad += out.grad
        + other.grad = out.grad
        - self.grad += other.data * out.grad
        + self.grad = other.data * out.grad
        - other.grad += self.data * out.grad
        + other.grad = self.data * out.grad
        - self.grad += exponent * self.data ** (exponent - 1) * out.grad
        + self.grad = exponent * self.data ** (exponent - 1) * out.grad
        - self.grad += out.data * out.grad
        + self.grad = out.data * out.grad
        - self.grad += (1 - out.data**2) * out.grad
        + self.grad = (1 - out.data**2) * out.grad
        - self.grad += (self.data > 0) * out.grad
        + self.grad = (self.data > 0) * out.grad
    """,
    constant_not_wrapped="""
        - def __add__(self, other: Value | float) -> Value:
        -     other = other if isinstance(other, Value) else Value(other)
        + def __add__(self, other: Value | float) -> Value:

        - def __mul__(self, other: Value | float) -> Value:
        -     other = other if isinstance(other, Value) else Value(other)
        + def __mul__(self, other: Value | float) -> Value:
    """,
    product_swapped="""
        - self.grad += other.data * out.grad
        + self.grad += self.data * out.grad
        - other.grad += self.data * out.grad
        + other.grad += other.data * out.grad
    """,
    power_no_exponent="""
        - self.grad += exponent * self.data ** (exponent - 1) * out.grad
        + self.grad += self.data ** (exponent - 1) * out.grad
    """,
    power_wrong_exponent="""
        - self.grad += exponent * self.data ** (exponent - 1) * out.grad
        + self.grad += exponent * self.data**exponent * out.grad
    """,
    tanh_of_input="""
        - self.grad += (1 - out.data**2) * out.grad
        + self.grad += (1 - self.data**2) * out.grad
    """,
    relu_wrong_side="""
        - self.grad += (self.data > 0) * out.grad
        + self.grad += (self.data < 0) * out.grad
    """,
    relu_uses_data="""
        - self.grad += (self.data > 0) * out.grad
        + self.grad += out.data * out.grad
    """,
    no_seed="""
        - self.grad = 1.0
    """,
    no_zeroing="""
        - for node in order:
        -     node.grad = 0.0
    """,
    not_reversed="""
        - for node in reversed(order):
        + for node in order:
    """,
    recursive_sort="""
        - order = topological_order(self)
        + order, visited = [], set()
        +
        + def build(node):
        +     if node not in visited:
        +         visited.add(node)
        +         for child in node._prev:
        +             build(child)
        +         order.append(node)
        +
        + build(self)
    """,
)
