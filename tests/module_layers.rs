//! The top-level modules of `src/` import each other one way only: lower layers
//! (diagnostics, yaml, config, markdown, content…) never reach up into the
//! stages that use them. This test parses every file the library compiles
//! (with `syn`, so comments, doc comments, strings and `#[cfg(test)]` code are
//! not imports), collects each `crate::a::…`, `use crate::{a, …}`, `super::…`
//! and macro-body path that reaches another top-level module, and fails on any
//! cycle among those edges, naming each edge's file and line.
//!
//! Every old cycle is broken, so `ALLOWED_UPWARD` is empty. It stays as the
//! place an edge would have to be argued for, and the test fails when a
//! listed edge no longer exists or no longer closes a cycle.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::visit::Visit;

/// Edges that still point up, with why. Remove a line when its edge is gone;
/// never add one: break the new cycle instead.
const ALLOWED_UPWARD: &[(&str, &str, &str)] = &[];

/// Submodules that count as modules of their own: the page half of a
/// feature module, which imports the stages above its model (`render`,
/// `tree`) while `content` holds the model. Naming one here is how a feature
/// keeps model and pages in one folder (`maps::pages` beside `maps::model`)
/// without a cycle; its model must still not import it.
const PAGE_HALVES: &[&str] = &["maps::pages", "forms::pages"];

/// The node a module path belongs to: its top-level module, or the page
/// half (`PAGE_HALVES`) it is in.
fn node_of(path: &[String], halves: &[&str]) -> Option<String> {
    let top = path.first()?;
    match path.get(1) {
        Some(sub) if halves.contains(&format!("{top}::{sub}").as_str()) => {
            Some(format!("{top}::{sub}"))
        }
        _ => Some(top.clone()),
    }
}

/// One import of another top-level module, where it is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Use {
    target: String,
    line: usize,
}

/// A source file of the module tree: its path and module path from the crate root.
struct ModuleFile {
    path: PathBuf,
    module: Vec<String>,
    /// Where its `mod child;` files live.
    child_dir: PathBuf,
}

/// What one file yields: its imports of other top-level modules, and the
/// non-test file modules it declares.
struct FileScan {
    uses: Vec<Use>,
    children: Vec<ModuleFile>,
}

struct Scanner<'a> {
    tops: &'a BTreeSet<String>,
    halves: &'a [&'a str],
    module: Vec<String>,
    dirs: Vec<PathBuf>,
    uses: Vec<Use>,
    children: Vec<ModuleFile>,
}

/// `#[cfg(test)]` or `#[cfg(all(test, …))]`: compiled only for tests.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        if !attr.path().is_ident("cfg") {
            return false;
        }
        let Ok(list) = attr.meta.require_list() else {
            return false;
        };
        cfg_needs_test(&list.tokens)
    })
}

fn cfg_needs_test(tokens: &TokenStream) -> bool {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    match trees.as_slice() {
        [TokenTree::Ident(ident)] => ident == "test",
        [TokenTree::Ident(ident), TokenTree::Group(args)] if ident == "all" => args
            .stream()
            .into_iter()
            .collect::<Vec<_>>()
            .split(|tree| matches!(tree, TokenTree::Punct(p) if p.as_char() == ','))
            .any(|arg| cfg_needs_test(&arg.iter().cloned().collect())),
        _ => false,
    }
}

impl Scanner<'_> {
    /// The top-level module a path starting with `crate`, `super` or `self`
    /// reaches, if it is another one than this file's.
    fn record(&mut self, segments: &[String], line: usize) {
        // The path from the crate root.
        let absolute: Vec<String> = match segments.first().map(String::as_str) {
            Some("crate") => segments[1..].to_vec(),
            Some("self") => self.module.iter().chain(&segments[1..]).cloned().collect(),
            Some("super") => {
                let supers = segments.iter().take_while(|s| *s == "super").count();
                if supers > self.module.len() {
                    return;
                }
                let base = &self.module[..self.module.len() - supers];
                base.iter().chain(&segments[supers..]).cloned().collect()
            }
            _ => return,
        };
        if !absolute.first().is_some_and(|top| self.tops.contains(top)) {
            return;
        }
        let target = node_of(&absolute, self.halves);
        if let Some(target) = target {
            if target != node_of(&self.module, self.halves).unwrap_or_default() {
                self.uses.push(Use { target, line });
            }
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree, line: usize) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(prefix, &path.tree, line);
                prefix.pop();
            }
            syn::UseTree::Name(name) => self.use_leaf(prefix, &name.ident),
            syn::UseTree::Rename(rename) => self.use_leaf(prefix, &rename.ident),
            syn::UseTree::Glob(_) => {
                let full = prefix.clone();
                self.record(&full, line);
            }
            syn::UseTree::Group(group) => {
                for item in &group.items {
                    self.use_tree(prefix, item, line);
                }
            }
        }
    }

    fn use_leaf(&mut self, prefix: &[String], ident: &syn::Ident) {
        let line = ident.span().start().line;
        let mut full = prefix.to_vec();
        if ident != "self" {
            full.push(ident.to_string());
        }
        self.record(&full, line);
    }

    /// Paths inside a macro's tokens (`format!`, `matches!`…), which syn
    /// leaves unparsed. `$crate` is the macro's own crate, not a path here.
    fn macro_tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            if let TokenTree::Group(group) = &trees[i] {
                self.macro_tokens(group.stream());
            }
            let starts_path = matches!(&trees[i], TokenTree::Ident(id) if id == "crate" || id == "super" || id == "self");
            let after_dollar_or_colons = i > 0
                && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '$' || p.as_char() == ':');
            if starts_path && !after_dollar_or_colons {
                let line = trees[i].span().start().line;
                let mut segments = vec![trees[i].to_string()];
                let mut j = i + 1;
                while let (
                    Some(TokenTree::Punct(a)),
                    Some(TokenTree::Punct(b)),
                    Some(TokenTree::Ident(next)),
                ) = (trees.get(j), trees.get(j + 1), trees.get(j + 2))
                {
                    if a.as_char() != ':' || a.spacing() != Spacing::Joint || b.as_char() != ':' {
                        break;
                    }
                    segments.push(next.to_string());
                    j += 3;
                }
                if segments.len() > 1 {
                    self.record(&segments, line);
                }
                i = j;
                continue;
            }
            i += 1;
        }
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    use syn::Item::*;
    match item {
        Const(i) => &i.attrs,
        Enum(i) => &i.attrs,
        ExternCrate(i) => &i.attrs,
        Fn(i) => &i.attrs,
        ForeignMod(i) => &i.attrs,
        Impl(i) => &i.attrs,
        Macro(i) => &i.attrs,
        Mod(i) => &i.attrs,
        Static(i) => &i.attrs,
        Struct(i) => &i.attrs,
        Trait(i) => &i.attrs,
        TraitAlias(i) => &i.attrs,
        Type(i) => &i.attrs,
        Union(i) => &i.attrs,
        Use(i) => &i.attrs,
        _ => &[],
    }
}

impl<'ast> Visit<'ast> for Scanner<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !is_test_only(item_attrs(item)) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let attrs: &[syn::Attribute] = match item {
            syn::ImplItem::Const(i) => &i.attrs,
            syn::ImplItem::Fn(i) => &i.attrs,
            syn::ImplItem::Type(i) => &i.attrs,
            _ => &[],
        };
        if !is_test_only(attrs) {
            syn::visit::visit_impl_item(self, item);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        let name = item.ident.to_string();
        let dir = self
            .dirs
            .last()
            .expect("a file has a directory")
            .join(&name);
        if item.content.is_none() {
            let single = dir.with_extension("rs");
            let path = if single.exists() {
                single
            } else {
                dir.join("mod.rs")
            };
            let mut module = self.module.clone();
            module.push(name);
            self.children.push(ModuleFile {
                path,
                module,
                child_dir: dir,
            });
            return;
        }
        self.module.push(name);
        self.dirs.push(dir);
        syn::visit::visit_item_mod(self, item);
        self.dirs.pop();
        self.module.pop();
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let line = item.use_token.span.start().line;
        self.use_tree(&mut Vec::new(), &item.tree, line);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() && path.segments.len() > 1 {
            let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.record(&segments, path.segments[0].ident.span().start().line);
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        self.macro_tokens(mac.tokens.clone());
    }
}

fn scan_source(
    source: &str,
    file: &ModuleFile,
    tops: &BTreeSet<String>,
    halves: &[&str],
) -> Result<FileScan, String> {
    let parsed = syn::parse_file(source).map_err(|e| format!("{}: {e}", file.path.display()))?;
    let mut scanner = Scanner {
        tops,
        halves,
        module: file.module.clone(),
        dirs: vec![file.child_dir.clone()],
        uses: Vec::new(),
        children: Vec::new(),
    };
    if !is_test_only(&parsed.attrs) {
        scanner.visit_file(&parsed);
    }
    Ok(FileScan {
        uses: scanner.uses,
        children: scanner.children,
    })
}

/// For the parser's tests: the imports a snippet at `module` makes.
fn uses_in(source: &str, module: &[&str], tops: &[&str]) -> Vec<(String, usize)> {
    uses_in_with(source, module, tops, &[])
}

/// The same, with some submodules counted as their own nodes.
fn uses_in_with(
    source: &str,
    module: &[&str],
    tops: &[&str],
    halves: &[&str],
) -> Vec<(String, usize)> {
    let tops: BTreeSet<String> = tops.iter().map(|s| s.to_string()).collect();
    let file = ModuleFile {
        path: PathBuf::from("snippet.rs"),
        module: module.iter().map(|s| s.to_string()).collect(),
        child_dir: PathBuf::from("/nonexistent"),
    };
    let scan = scan_source(source, &file, &tops, halves).expect("snippet parses");
    let mut uses: Vec<(String, usize)> =
        scan.uses.into_iter().map(|u| (u.target, u.line)).collect();
    uses.dedup();
    uses
}

/// Where an edge is written: file and line.
type Sites = Vec<(PathBuf, usize)>;

/// Every import edge between top-level modules, with where each is written,
/// walking the module tree from `lib.rs` as the compiler does (so test-only
/// files are never read).
fn module_graph(src: &Path) -> BTreeMap<(String, String), Sites> {
    let lib = src.join("lib.rs");
    let lib_source = std::fs::read_to_string(&lib).expect("src/lib.rs");
    let root = ModuleFile {
        path: lib.clone(),
        module: Vec::new(),
        child_dir: src.to_path_buf(),
    };
    let roots = scan_source(&lib_source, &root, &BTreeSet::new(), &[]).expect("lib.rs parses");
    let tops: BTreeSet<String> = roots.children.iter().map(|c| c.module[0].clone()).collect();
    let mut edges: BTreeMap<(String, String), Sites> = BTreeMap::new();
    let mut queue: VecDeque<ModuleFile> = roots.children.into();
    while let Some(file) = queue.pop_front() {
        let source = std::fs::read_to_string(&file.path)
            .unwrap_or_else(|e| panic!("{}: {e}", file.path.display()));
        let scan =
            scan_source(&source, &file, &tops, PAGE_HALVES).unwrap_or_else(|e| panic!("{e}"));
        let from = node_of(&file.module, PAGE_HALVES).expect("a module below the root");
        let rel = file
            .path
            .strip_prefix(src.parent().unwrap_or(src))
            .unwrap_or(&file.path)
            .to_path_buf();
        for used in scan.uses {
            edges
                .entry((from.clone(), used.target))
                .or_default()
                .push((rel.clone(), used.line));
        }
        queue.extend(scan.children);
    }
    for sites in edges.values_mut() {
        sites.sort();
        sites.dedup();
    }
    edges
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles<'a>(edges: impl Iterator<Item = &'a (String, String)> + Clone) -> Vec<BTreeSet<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges {
        next.entry(from).or_default().push(to);
        next.entry(to).or_default();
    }
    struct Tarjan<'g> {
        next: &'g BTreeMap<&'g str, Vec<&'g str>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<BTreeSet<String>>,
    }
    impl<'g> Tarjan<'g> {
        fn visit(&mut self, v: &'g str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            for &w in &self.next[v] {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = BTreeSet::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.insert(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    self.found.push(component);
                }
            }
        }
    }
    let mut tarjan = Tarjan {
        next: &next,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for &v in next.keys() {
        if !tarjan.index.contains_key(v) {
            tarjan.visit(v);
        }
    }
    tarjan.found
}

/// For each edge, the shortest loop through it (`[a, b, …, a]`), each loop
/// once, shortest first: the loops to show, rather than every edge of a
/// large component.
fn shortest_cycles(edges: &[&(String, String)]) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges {
        next.entry(from).or_default().push(to);
    }
    let mut found: BTreeSet<(usize, Vec<String>)> = BTreeSet::new();
    for (from, to) in edges {
        // Breadth-first from `to` back to `from`.
        let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = VecDeque::from([to.as_str()]);
        while let Some(at) = queue.pop_front() {
            if at == from.as_str() {
                break;
            }
            for &n in next.get(at).into_iter().flatten() {
                if n != to.as_str() && !came_from.contains_key(n) {
                    came_from.insert(n, at);
                    queue.push_back(n);
                }
            }
        }
        let mut path = vec![from.to_string()];
        let mut at = from.as_str();
        while at != to.as_str() {
            let Some(&before) = came_from.get(at) else {
                break;
            };
            path.push(before.to_string());
            at = before;
        }
        if at != to.as_str() {
            continue;
        }
        path.push(from.to_string());
        path.reverse();
        // The same loop from its smallest module, so each is found once.
        path.pop();
        let start = (0..path.len()).min_by_key(|&i| &path[i]).unwrap_or(0);
        path.rotate_left(start);
        path.push(path[0].clone());
        found.insert((path.len(), path));
    }
    found.into_iter().map(|(_, path)| path).collect()
}

fn describe(edge: &(String, String), sites: &Sites) -> String {
    let shown: Vec<String> = sites
        .iter()
        .take(3)
        .map(|(file, line)| format!("{}:{line}", file.display()))
        .collect();
    let more = if sites.len() > 3 {
        format!(" and {} more", sites.len() - 3)
    } else {
        String::new()
    };
    format!("    {} -> {}  ({}{more})", edge.0, edge.1, shown.join(", "))
}

#[test]
fn top_level_modules_import_each_other_one_way() {
    let graph = module_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let mut problems = Vec::new();

    let all_cycles = cycles(graph.keys());
    for (from, to, _) in ALLOWED_UPWARD {
        let edge = (from.to_string(), to.to_string());
        if !graph.contains_key(&edge) {
            problems.push(format!(
                "{from} -> {to} is in ALLOWED_UPWARD but no longer exists: remove it"
            ));
        } else if !all_cycles
            .iter()
            .any(|c| c.contains(*from) && c.contains(*to))
        {
            problems.push(format!(
                "{from} -> {to} is in ALLOWED_UPWARD but closes no cycle now: remove it"
            ));
        }
    }

    let allowed: BTreeSet<(String, String)> = ALLOWED_UPWARD
        .iter()
        .map(|(a, b, _)| (a.to_string(), b.to_string()))
        .collect();
    let remaining: Vec<&(String, String)> =
        graph.keys().filter(|e| !allowed.contains(*e)).collect();
    for component in cycles(remaining.iter().copied()) {
        let inside: Vec<&(String, String)> = remaining
            .iter()
            .copied()
            .filter(|(a, b)| component.contains(a) && component.contains(b))
            .collect();
        let mut text = format!(
            "import cycle among {{{}}}; its shortest loops:",
            component.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        for cycle in shortest_cycles(&inside).into_iter().take(8) {
            text.push_str(&format!("\n  {}", cycle.join(" -> ")));
            for pair in cycle.windows(2) {
                let edge = (pair[0].clone(), pair[1].clone());
                text.push('\n');
                text.push_str(&describe(&edge, &graph[&edge]));
            }
        }
        problems.push(text);
    }

    assert!(
        problems.is_empty(),
        "{}\n\nBreak a cycle by moving a type or function down to the module that owns the data \
         (see ARCHITECTURE.md, \"Layers\"); do not add to ALLOWED_UPWARD.",
        problems.join("\n\n")
    );
}

#[test]
fn allowed_upward_edges_each_give_a_reason() {
    for (from, to, reason) in ALLOWED_UPWARD {
        assert!(reason.len() > 10, "{from} -> {to} needs a reason");
    }
}

#[test]
fn cycles_are_shown_as_their_shortest_loops() {
    let edges: Vec<(String, String)> = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "c")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let components = cycles(edges.iter());
    assert_eq!(components.len(), 1);
    let refs: Vec<&(String, String)> = edges.iter().collect();
    assert_eq!(
        shortest_cycles(&refs),
        [vec!["c", "d", "c"], vec!["a", "b", "c", "a"]]
    );
}

#[test]
fn parser_counts_a_page_half_as_its_own_node() {
    let halves = ["versions::pages"];
    // The page half importing its own model and a stage above.
    let source = "use super::Documents;\nuse crate::tree::Tree;\nuse crate::versions::pages::X;\n";
    assert_eq!(
        uses_in_with(source, &["versions", "pages"], TOPS, &halves),
        [("versions".into(), 1), ("tree".into(), 2)]
    );
    // Others reach it by its path; the model's own files are still `versions`.
    assert_eq!(
        uses_in_with(
            "use crate::versions::pages::P;\nuse crate::versions::Documents;\n",
            &["content"],
            TOPS,
            &halves
        ),
        [("versions::pages".into(), 1), ("versions".into(), 2)]
    );
    assert_eq!(
        uses_in_with(
            "use super::pages::P;\n",
            &["versions", "feed"],
            TOPS,
            &halves
        ),
        [("versions::pages".into(), 1)]
    );
}

const TOPS: &[&str] = &["content", "markdown", "links", "tree", "versions"];

#[test]
fn parser_reads_crate_paths_in_code_and_use_groups() {
    let source = "use crate::{links::PageLinks, tree::{Tree, Page}};\n\
                  use crate::markdown as md;\n\
                  fn f() -> crate::versions::Doc { crate::tree::build() }\n";
    assert_eq!(
        uses_in(source, &["content"], TOPS),
        [
            ("links".into(), 1),
            ("tree".into(), 1),
            ("markdown".into(), 2),
            ("versions".into(), 3),
            ("tree".into(), 3)
        ]
    );
}

#[test]
fn parser_skips_comments_strings_and_own_module() {
    let source = "//! crate::markdown\n// crate::links::X\n/// see [crate::tree::Tree]\n\
                  /* crate::versions */\n\
                  const S: &str = \"crate::links::Y\";\nuse crate::content::Page;\n";
    assert_eq!(uses_in(source, &["content", "sub"], TOPS), []);
}

#[test]
fn parser_skips_test_only_items() {
    let source = "#[cfg(test)]\nmod tests { use crate::links::X; }\n\
                  #[cfg(all(test, unix))]\nfn helper() { crate::tree::x(); }\n\
                  #[cfg(not(test))]\nuse crate::versions::V;\n\
                  #[cfg(test)]\nuse crate::markdown::M;\n";
    assert_eq!(
        uses_in(source, &["content"], TOPS),
        [("versions".into(), 6)]
    );
}

#[test]
fn parser_resolves_super_from_the_file_depth() {
    let source =
        "use super::links::X;\nuse super::{tree, Sibling};\nfn f() { super::versions::g() }\n";
    // From a top-level file, `super` is the crate root.
    assert_eq!(
        uses_in(source, &["content"], TOPS),
        [
            ("links".into(), 1),
            ("tree".into(), 2),
            ("versions".into(), 3)
        ]
    );
    // From `content::glossary`, `super` is `content` itself.
    assert_eq!(uses_in(source, &["content", "glossary"], TOPS), []);
    // Two levels up from `content::glossary` is the root again.
    assert_eq!(
        uses_in(
            "use super::super::links::X;\n",
            &["content", "glossary"],
            TOPS
        ),
        [("links".into(), 1)]
    );
    // Inside an inline module, one more `super` is needed.
    assert_eq!(
        uses_in("mod inner { use super::links::X; }\n", &["content"], TOPS),
        []
    );
}

#[test]
fn parser_reads_paths_inside_macros_but_not_dollar_crate() {
    let source = "fn f() {\n  let _ = matches!(x, crate::links::Kind::A);\n  \
                  format!(\"{}\", $crate::tree::x);\n  vec![super::versions::V];\n}\n";
    assert_eq!(
        uses_in(source, &["content"], TOPS),
        [("links".into(), 2), ("versions".into(), 4)]
    );
}
