package dev.vigil.forecast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceTest {
    @Test
    void theDefaultsSurviveTheirConfigurationForm() {
        assertThat(Resource.parse(Resource.format(Resource.DEFAULTS))).isEqualTo(Resource.DEFAULTS);
        assertThat(Resource.DEFAULTS.get(0).spec())
                .isEqualTo("filesystem:node_filesystem_avail_bytes/node_filesystem_size_bytes@mountpoint=FilesystemWillFill");
    }

    @Test
    void malformedEntriesAreRejectedNamingThem() {
        assertThatThrownBy(() -> Resource.parse("fs:avail/size@mp=FsFull, broken")).hasMessageContaining("'broken'");
        assertThatThrownBy(() -> Resource.parse("fs:avail bytes/size=FsFull")).hasMessageContaining("free metric");
        assertThatThrownBy(() -> Resource.parse("fs:a/b=X, fs:c/d=Y")).hasMessageContaining("used twice");
        assertThatThrownBy(() -> Resource.parse("fs:a/b=X, gs:a/d=Y")).hasMessageContaining("one resource only");
    }
}
