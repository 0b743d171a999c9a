//! A whole file: header, top-level declarations and the body.

use pest::iterators::Pair;

use super::{Builder, Res, Rule};
use crate::ast::{
    Contract, ContractSide, Expr, ExprKind, FnDecl, FormatDecl, Header, Item, LetDecl, Module,
    TableDecl, TableSource, UseDecl,
};

impl Builder {
    /// A `file` pair to a module.
    pub(crate) fn module(&mut self, pair: Pair<'_, Rule>) -> Res<Module> {
        let span = self.span(&pair);
        let mut module = Module {
            header: None,
            contracts: Vec::new(),
            formats: Vec::new(),
            items: Vec::new(),
            body: None,
            tests: Vec::new(),
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::header => module.header = Some(self.header(p)?),
                Rule::contract => module.contracts.push(self.contract(p)?),
                Rule::format_decl => module.formats.push(self.format_decl(p)?),
                Rule::item => module.items.push(self.item(p)?),
                Rule::expr => module.body = Some(self.expr(p)?),
                Rule::test_block => module.tests.push(self.test_block(p)?),
                _ => {}
            }
        }
        Ok(module)
    }

    fn header(&mut self, pair: Pair<'_, Rule>) -> Res<Header> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = inner.next().ok_or_else(|| self.internal("header name"))?;
        let name = self.ident(&name);
        let version = inner.next().map(|v| self.str_lit(v)).transpose()?;
        Ok(Header {
            name,
            version,
            span,
        })
    }

    fn contract(&mut self, pair: Pair<'_, Rule>) -> Res<Contract> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let side = match inner.next().map(|p| p.as_str()) {
            Some("input") => ContractSide::Input,
            Some("output") => ContractSide::Output,
            _ => return Err(self.internal("contract side")),
        };
        let schema = inner
            .next()
            .ok_or_else(|| self.internal("contract schema"))?;
        Ok(Contract {
            side,
            schema: self.str_lit(schema)?,
            span,
        })
    }

    fn format_decl(&mut self, pair: Pair<'_, Rule>) -> Res<FormatDecl> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let side = match inner.next().map(|p| p.as_str()) {
            Some("input") => ContractSide::Input,
            Some("output") => ContractSide::Output,
            _ => return Err(self.internal("format side")),
        };
        let name = inner.next().ok_or_else(|| self.internal("format name"))?;
        let name = self.ident(&name);
        let options = match inner.next() {
            Some(object) => {
                let span = self.span(&object);
                let entries = object
                    .into_inner()
                    .map(|e| self.object_entry(e))
                    .collect::<Res<_>>()?;
                Some(Expr {
                    kind: ExprKind::Object(entries),
                    span,
                })
            }
            None => None,
        };
        Ok(FormatDecl {
            side,
            name,
            options,
            span,
        })
    }

    fn item(&mut self, pair: Pair<'_, Rule>) -> Res<Item> {
        let pair = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("item"))?;
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        let first = inner.next().ok_or_else(|| self.internal("item body"))?;
        Ok(match rule {
            Rule::use_item => Item::Use(UseDecl {
                path: self.str_lit(first)?,
                span,
            }),
            Rule::let_item => {
                let value = inner.next().ok_or_else(|| self.internal("let value"))?;
                Item::Let(LetDecl {
                    name: self.ident(&first),
                    value: self.expr(value)?,
                    span,
                })
            }
            Rule::fn_item => {
                let (Some(params), Some(body)) = (inner.next(), inner.next()) else {
                    return Err(self.internal("fn"));
                };
                let params = params.into_inner().map(|p| self.ident(&p)).collect();
                Item::Fn(FnDecl {
                    name: self.ident(&first),
                    params,
                    body: self.expr(body)?,
                    span,
                })
            }
            _ => {
                let name = self.ident(&first);
                let source = match inner.next() {
                    Some(p) if p.as_rule() == Rule::expr => TableSource::Inline(self.expr(p)?),
                    Some(path) => {
                        let path = self.str_lit(path)?;
                        let key = inner.next().map(|k| self.str_lit(k)).transpose()?;
                        TableSource::File { path, key }
                    }
                    None => return Err(self.internal("table")),
                };
                Item::Table(TableDecl { name, source, span })
            }
        })
    }
}
