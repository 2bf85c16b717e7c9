import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;

/**
 * Times reads of a mailbox in UID order on a stopped H2 store, read-only (stop 32, docs/BENCHMARKS.md): SELECT's pass
 * ordered by uid alone and by (mailbox_id, uid), the refs the same two ways (the first through the modseq index, as
 * the whole mailbox's refs were read before), and the metadata join both ways. Median and minimum of the last half
 * of ROUNDS runs of each, interleaved; each run binds another upper UID bound so H2 cannot hand back its last result.
 *
 *   java -cp h2.jar bench/probes/UidOrderQueries.java ROUNDS [DATABASE] [MAILBOX_ID]
 *   (defaults: /tmp/coldstart/data/mailwright, the store of bench/restart/cold.sh, and mailbox 1)
 */
public class UidOrderQueries {
  public static void main(String[] a) throws Exception {
    String url = "jdbc:h2:file:" + (a.length > 1 ? a[1] : "/tmp/coldstart/data/mailwright") + ";ACCESS_MODE_DATA=r";
    long mailbox = a.length > 2 ? Long.parseLong(a[2]) : 1;
    String meta = "SELECT mm.uid, mm.modseq, mm.seen, mm.answered, mm.flagged, mm.deleted, mm.draft, mm.keywords, mm.internal_date, m.size_bytes, m.blob_hash, m.envelope, m.body_structure, m.body, m.part_tree, m.subject, m.from_address, m.sent_date, m.preview, m.has_attachments, m.message_id, m.thread_key, m.id AS message_row, mm.save_date FROM mailbox_message mm JOIN message m ON m.id = mm.message_id WHERE mm.mailbox_id = ? AND mm.uid BETWEEN 1 AND ?";
    String[] names = {"selection, ORDER BY uid", "selection, ORDER BY mailbox_id, uid", "refs, modseq index, ORDER BY uid",
        "refs, ORDER BY mailbox_id, uid", "metadata join, ORDER BY uid", "metadata join, ORDER BY mailbox_id, uid"};
    String[] qs = {
      "SELECT mm.uid, mm.seen, mm.keywords FROM mailbox_message mm WHERE mm.mailbox_id = ? AND mm.uid < ? ORDER BY mm.uid",
      "SELECT mm.uid, mm.seen, mm.keywords FROM mailbox_message mm WHERE mm.mailbox_id = ? AND mm.uid < ? ORDER BY mm.mailbox_id, mm.uid",
      "SELECT uid, modseq, seen, answered, flagged, deleted, draft, keywords FROM mailbox_message WHERE mailbox_id = ? AND modseq > -1 AND uid < ? ORDER BY uid",
      "SELECT mm.uid, mm.modseq, mm.seen, mm.answered, mm.flagged, mm.deleted, mm.draft, mm.keywords FROM mailbox_message mm WHERE mm.mailbox_id = ? AND mm.uid < ? ORDER BY mm.mailbox_id, mm.uid",
      meta + " ORDER BY mm.uid", meta + " ORDER BY mm.mailbox_id, mm.uid",
    };
    int rounds = Integer.parseInt(a[0]);
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      double[][] t = new double[qs.length][rounds];
      for (int i = 0; i < rounds; i++) for (int q = 0; q < qs.length; q++) {
        long s = System.nanoTime(); long n = 0;
        try (PreparedStatement ps = c.prepareStatement(qs[q])) { ps.setLong(1, mailbox); ps.setLong(2, 200000 + i); ps.setFetchSize(500);
          try (ResultSet rs = ps.executeQuery()) { while (rs.next()) { n += rs.getLong(1); if (q >= 4) { rs.getString(12); rs.getString(13);} } } }
        t[q][i] = (System.nanoTime() - s) / 1e6;
      }
      for (int q = 0; q < qs.length; q++) { double[] x = Arrays.copyOfRange(t[q], rounds/2, rounds); Arrays.sort(x); System.out.printf("%-40s median %.1f ms, min %.1f ms%n", names[q], x[x.length / 2], x[0]); }
    }
  }
}
