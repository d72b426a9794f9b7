package patronage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;

/**
 * A Neo4j Browser guide ({@code :play http://127.0.0.1:7474/patronage/guide}) made of the
 * Cypher blocks of the README's Neo4j section, read from the README on every request so
 * that the guide is the README's queries, word for word. Each query is a slide whose code
 * block runs on a click. Mounted as an unmanaged extension by {@link Neo4jServer} in the
 * investigator's mode only.
 */
@javax.ws.rs.Path("/guide")
public final class GuideResource {
    static volatile java.nio.file.Path readme;

    @GET
    @Produces("text/html; charset=utf-8")
    public Response guide() {
        java.nio.file.Path file = readme;
        if (file == null) {
            return Response.status(404).entity("no README given (--guide)").build();
        }
        try {
            return Response.ok(html(Files.readAllLines(file, StandardCharsets.UTF_8)))
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (IOException e) {
            return Response.serverError().entity("reading " + file + ": " + e).build();
        }
    }

    /** One query of the README: its bold title, the prose after the title, the Cypher. */
    record Query(String title, String text, String cypher) {}

    /** The ```cypher blocks of the README's "## Neo4j" section, each with the paragraph before it. */
    static List<Query> queries(List<String> lines) {
        List<Query> out = new ArrayList<>();
        boolean inSection = false;
        StringBuilder para = new StringBuilder();
        String last = ""; // the last paragraph, which introduces the next block
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("## ")) {
                inSection = l.startsWith("## Neo4j");
                continue;
            }
            if (!inSection) {
                continue;
            }
            if (l.trim().equals("```cypher")) {
                StringBuilder code = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
                    code.append(lines.get(i)).append('\n');
                }
                String p = para.length() > 0 ? para.toString().trim() : last;
                String title = "Query " + (out.size() + 1);
                String text = p;
                if (p.startsWith("**")) {
                    int end = p.indexOf("**", 2);
                    if (end > 2) {
                        title = p.substring(2, end);
                        text = p.substring(end + 2).replaceFirst("^\\s*[—-]\\s*", "");
                    }
                }
                out.add(new Query(title, text, code.toString().strip()));
                para.setLength(0);
                last = "";
            } else if (l.isBlank()) {
                if (para.length() > 0) {
                    last = para.toString().trim();
                }
                para.setLength(0);
            } else if (!l.startsWith("```")) {
                para.append(l).append(' ');
            }
        }
        return out;
    }

    static String html(List<String> lines) {
        List<Query> qs = queries(lines);
        StringBuilder b = new StringBuilder();
        b.append("<article class=\"guide\">\n<carousel class=\"deck container-fluid\">\n");
        b.append("<slide class=\"row-fluid\">\n<div class=\"col-sm-12\">\n<h3>patronage: the README's queries</h3>\n");
        b.append("<p class=\"lead\">The graph of Cambodia's scam compounds, loaded from the project's sourced seeds.")
                .append(" Each of the next slides is a query from the README; click its code to put it in the editor, then run it.</p>\n");
        b.append("<ol>");
        for (Query q : qs) {
            b.append("<li>").append(esc(q.title())).append("</li>");
        }
        b.append("</ol>\n<p>The model and more queries with their answers: docs/neo4j.md in the repository.</p>\n");
        b.append("<figure><pre class=\"pre-scrollable code runnable\">MATCH (c:Compound) RETURN count(c) AS compounds</pre></figure>\n");
        b.append("</div>\n</slide>\n");
        for (Query q : qs) {
            b.append("<slide class=\"row-fluid\">\n<div class=\"col-sm-12\">\n<h3>")
                    .append(esc(q.title())).append("</h3>\n<p>").append(md(q.text())).append("</p>\n")
                    .append("<figure><pre class=\"pre-scrollable code runnable\">").append(esc(q.cypher()))
                    .append("</pre></figure>\n</div>\n</slide>\n");
        }
        b.append("</carousel>\n</article>\n");
        return b.toString();
    }

    /** Markdown's `code` as <code>, the rest escaped. */
    private static String md(String s) {
        return esc(s).replaceAll("`([^`]+)`", "<code>$1</code>");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
