//! Prerequisite cycles among indicators.

use std::collections::BTreeMap;

/// Finds prerequisite cycles by depth-first search without recursion.
///
/// Returns each cycle as the indices along it, starting at the lowest index,
/// once per distinct set of indices, ordered by that lowest index.
pub(crate) fn find_cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    let mut marks = vec![Mark::New; edges.len()];
    let mut found: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();

    for root in 0..edges.len() {
        if marks[root] != Mark::New {
            continue;
        }
        // Each frame is a node and the position of its next edge to follow.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        marks[root] = Mark::OnStack;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let Some(&target) = edges[node].get(*next) else {
                marks[node] = Mark::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            match marks[target] {
                Mark::New => {
                    marks[target] = Mark::OnStack;
                    stack.push((target, 0));
                }
                Mark::OnStack => {
                    let start = stack.iter().position(|&(n, _)| n == target).unwrap_or(0);
                    let cycle = rotate_to_lowest(stack[start..].iter().map(|&(n, _)| n).collect());
                    let mut key = cycle.clone();
                    key.sort_unstable();
                    found.entry(key).or_insert(cycle);
                }
                Mark::Done => {}
            }
        }
    }
    let mut cycles: Vec<Vec<usize>> = found.into_values().collect();
    cycles.sort();
    cycles
}

fn rotate_to_lowest(mut cycle: Vec<usize>) -> Vec<usize> {
    if let Some(lowest) = cycle
        .iter()
        .enumerate()
        .min_by_key(|&(_, n)| n)
        .map(|(i, _)| i)
    {
        cycle.rotate_left(lowest);
    }
    cycle
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found_once_each() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0 (not in a cycle)
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        assert_eq!(find_cycles(&edges), vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn cycles_start_at_their_lowest_index() {
        let edges = vec![vec![], vec![2], vec![3], vec![1]];
        assert_eq!(find_cycles(&edges), vec![vec![1, 2, 3]]);
    }

    #[test]
    fn acyclic_graph_has_no_cycles() {
        let edges = vec![vec![1, 2], vec![2], vec![], vec![0, 1]];
        assert!(find_cycles(&edges).is_empty());
    }

    #[test]
    fn long_chain_does_not_overflow_the_stack() {
        let mut edges: Vec<Vec<usize>> = (0..200_000).map(|i| vec![i + 1]).collect();
        edges.push(vec![0]);
        let cycles = find_cycles(&edges);
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len(), 200_001);
    }
}
